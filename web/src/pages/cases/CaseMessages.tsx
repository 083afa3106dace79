import { Details } from '@digdir/designsystemet-react';
import type { Language } from '@forms/index.js';
import { formatDate } from '../../i18n/dates.js';

/** The case's messages, newest as the API orders them, each folded under its subject and date. */
export function CaseMessages({ messages, language }: { messages: readonly { subject: string; body: string; createdAt: string }[]; language: Language }) {
  return messages.map((message, index) => (
    <Details key={index}>
      <Details.Summary>
        {message.subject} ({formatDate(message.createdAt, language)})
      </Details.Summary>
      <Details.Content>
        <p className="case-message">{message.body}</p>
      </Details.Content>
    </Details>
  ));
}
