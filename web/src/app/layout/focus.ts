import { mainContentId } from './ids.js';

/**
 * Moves focus to the page's main heading (or the main landmark without one), so that keyboard and
 * screen reader users start at the new content and hear its title. A page loaded with React.lazy
 * may not have its heading yet: focus then waits on the main landmark and moves to the heading when
 * it appears, unless the user has moved focus meanwhile.
 */
export function focusPageHeading(): () => void {
  const main = document.getElementById(mainContentId);
  if (!main) return () => undefined;
  window.scrollTo(0, 0);
  const focus = (target: HTMLElement) => {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  const heading = main.querySelector<HTMLElement>('h1');
  if (heading) {
    focus(heading);
    return () => undefined;
  }
  focus(main);
  const observer = new MutationObserver(() => {
    const late = main.querySelector<HTMLElement>('h1');
    if (!late) return;
    observer.disconnect();
    window.clearTimeout(timer);
    if (document.activeElement === main || document.activeElement === document.body) focus(late);
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = window.setTimeout(() => observer.disconnect(), 10000);
  return () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
}
