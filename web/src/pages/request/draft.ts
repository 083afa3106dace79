/**
 * The draft of the request, saved as the person types. It lives in sessionStorage: it survives a
 * reload in the same tab, and is gone when the tab or browser is closed, so the next person on a
 * shared computer (library, service office) finds no health information. It never leaves the
 * browser before the person sends it. Attached files are not kept: they are chosen again.
 */
const storageKey = 'individuell-plan.request-draft';
const receiptKey = 'individuell-plan.request-receipt';

export interface Draft {
  readonly version: 1;
  readonly values: Record<string, unknown>;
  readonly step: number;
  /** Sent as Idempotency-Key: a retry of the same draft never opens a second case. */
  readonly idempotencyKey: string;
  readonly savedAt: string;
}

export interface Receipt {
  readonly caseNumber: string;
  readonly receivedAt: string;
  readonly channel: string;
  readonly consentGiven: boolean;
  /** The person's case already open, told only to a signed-in party to it. */
  readonly openCase?: { readonly caseNumber: string } | null;
}

function newKey(): string {
  return `req-${crypto.randomUUID()}`;
}

export function loadDraft(): Draft {
  try {
    const raw = window.sessionStorage.getItem(storageKey);
    if (raw) {
      const draft = JSON.parse(raw) as Draft;
      if (draft.version === 1 && typeof draft.idempotencyKey === 'string') return draft;
    }
  } catch {
    // storage off or damaged: start afresh
  }
  return { version: 1, values: {}, step: 0, idempotencyKey: newKey(), savedAt: new Date().toISOString() };
}

export function saveDraft(draft: Omit<Draft, 'version' | 'savedAt'>): void {
  const values = { ...draft.values };
  delete values.powerOfAttorney;
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify({ ...draft, values, version: 1, savedAt: new Date().toISOString() }));
  } catch {
    // full or off: the form still works, without surviving a reload
  }
}

export function clearDraft(): void {
  try {
    window.sessionStorage.removeItem(storageKey);
  } catch {
    // nothing to clear
  }
}

export function saveReceipt(receipt: Receipt): void {
  try {
    window.sessionStorage.setItem(receiptKey, JSON.stringify(receipt));
  } catch {
    // the receipt page then shows what navigation carried
  }
}

export function loadReceipt(): Receipt | null {
  try {
    const raw = window.sessionStorage.getItem(receiptKey);
    return raw ? (JSON.parse(raw) as Receipt) : null;
  } catch {
    return null;
  }
}
