import { startTransition, useCallback, useOptimistic } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The address's search parameters for controls bound to them (a view radio, a filter select). The
 * router applies a navigation in a transition, and React keeps a controlled input at its old value
 * until that transition lands: on a busy device a chosen radio would snap back for a moment. The
 * change is shown at once, and the address follows.
 */
export function useSearchParamsAtOnce(): [URLSearchParams, (next: URLSearchParams) => void] {
  const [params, setParams] = useSearchParams();
  const [shown, show] = useOptimistic(params);
  const set = useCallback(
    (next: URLSearchParams) =>
      startTransition(() => {
        show(next);
        setParams(next);
      }),
    [setParams, show],
  );
  return [shown, set];
}
