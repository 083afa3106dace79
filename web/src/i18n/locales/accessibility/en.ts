import type { AccessibilityTranslation } from '../../types.js';

// The accessibility statement in English.
export const accessibilityEn: AccessibilityTranslation = {
  title: 'Accessibility statement',
  lead: '{{municipality}} wants everyone to be able to use the service “Individual plan and coordinator”, including people who use a screen reader, magnification, only a keyboard or other assistive technology.',
  law: 'As a public body, the municipality follows the Norwegian regulations on universal design of information and communication technology (ICT). They require the service to meet the WCAG 2.1 standard at level A and AA. The municipality also publishes its statement on uustatus.no.',
  status: {
    heading: 'How well the service meets the requirements',
    body: 'The service partly meets the requirements. The pages where you ask for an individual plan and a coordinator, follow your case, give consent and approve the plan have no known failures. The shortcomings we know of are listed below.',
  },
  tested: {
    heading: 'How we test',
    intro: 'The service is tested every time it changes, before it is put into use:',
    axe: 'Every page a case passes through, from the request until the case is closed, and the start pages of process owners and administrators, are checked automatically against WCAG 2.0 and 2.1 at level A and AA, in Bokmål, Nynorsk and English.',
    keyboard: 'The request form, the task forms and the plan are filled in using only a keyboard.',
    announced: 'We check that error messages and the result of what you do are read out by screen readers, and that the page’s language follows the language you chose.',
    phone: 'The pages can be used on a phone screen without scrolling sideways, and the text has enough contrast.',
    pdf: 'Letters and plans are made as structured (tagged) PDFs with a title and a language, so that screen readers can read them.',
    limits: 'Automated tests do not find every problem. That is why your feedback matters to us.',
  },
  known: {
    heading: 'What we know of',
    editor: 'The process editor, where process owners draw the flow of a case, can only be used with a mouse. Process owners can upload a BPMN file instead, and the numbers in the diagrams are also shown as tables.',
    sami: 'The service is not yet available in Northern Sami. If you live in the administrative area for the Sami language, you can contact the coordinating unit and get help in Sami.',
    attachments: 'We cannot make documents that you or others upload, such as a power of attorney, accessible. If you ask, the coordinating unit will read them to you or send them in another form.',
  },
  report: {
    heading: 'Report a problem',
    body: 'Is there a part of the service you cannot use, or do you need the content in another form? Contact the coordinating unit of {{municipality}} by phone or e-mail, or tell your coordinator.',
    what: 'Tell us which page it is about, what you tried to do and which assistive technology you use. We answer within two weeks.',
    other: 'You do not have to use the form here: you can also ask for an individual plan and a coordinator orally or on paper.',
  },
  complaint: {
    heading: 'Complaints',
    body: 'If you are not satisfied with the answer, or do not get an answer within reasonable time, you can complain to the Anti-Discrimination Tribunal (Diskrimineringsnemnda). The Norwegian Authority for Universal Design of ICT (Uutilsynet) supervises that public web services meet the requirements, and explains how to report and complain:',
    link: 'https://www.uutilsynet.no',
  },
  footerLink: 'Accessibility statement',
};
