import type { AccessibilityTranslation } from '../../types.js';

// The accessibility statement (tilgjengelegheitserklæring) in Nynorsk.
export const accessibilityNn: AccessibilityTranslation = {
  title: 'Tilgjengelegheitserklæring',
  lead: '{{municipality}} skal sørgje for at alle kan bruke tenesta «Individuell plan og koordinator», også dei som brukar skjermlesar, forstørring, berre tastatur eller andre hjelpemiddel.',
  law: 'Som offentleg verksemd følgjer kommunen forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske (IKT)-løysingar. Ho krev at tenesta oppfyller standarden WCAG 2.1 på nivå A og AA. Kommunen publiserer også erklæringa si på uustatus.no.',
  status: {
    heading: 'Kor godt tenesta oppfyller krava',
    body: 'Tenesta er delvis i samsvar med krava. Sidene der du ber om individuell plan og koordinator, følgjer saka di, samtykkjer og godkjenner planen, har ingen kjende brot. Avvika vi kjenner til, står under.',
  },
  tested: {
    heading: 'Slik testar vi',
    intro: 'Tenesta blir testa kvar gong ho blir endra, før ho blir teken i bruk:',
    axe: 'Alle sidene ei sak går gjennom, frå oppmodinga til saka er avslutta, og startsidene for prosesseigarar og administratorar, blir kontrollerte automatisk mot krava i WCAG 2.0 og 2.1 på nivå A og AA, på bokmål, nynorsk og engelsk.',
    keyboard: 'Oppmodingsskjemaet, oppgåveskjemaa og planen blir fylte ut med berre tastatur.',
    announced: 'Vi kontrollerer at feilmeldingar og resultatet av det du gjer, blir lesne opp av skjermlesar, og at språket på sida følgjer språket du har valt.',
    phone: 'Sidene skal kunne brukast på ein mobilskjerm utan at du må rulle sidelengs, og teksten skal ha god nok kontrast.',
    pdf: 'Brev og planar blir laga som PDF med struktur (tagga PDF), tittel og språk, slik at dei kan lesast med skjermlesar.',
    limits: 'Automatiske testar finn ikkje alle problem. Difor er tilbakemeldingane dine viktige for oss.',
  },
  known: {
    heading: 'Dette kjenner vi til',
    editor: 'Prosesseditoren, der prosesseigarar teiknar saksflyten, kan berre brukast med mus. Prosesseigarar kan i staden laste opp ei BPMN-fil, og tala i diagramma finst også som tabellar.',
    sami: 'Tenesta finst enno ikkje på nordsamisk. Bur du i forvaltingsområdet for samisk språk, kan du kontakte koordinerande eining og få hjelp på samisk.',
    attachments: 'Dokument du eller andre lastar opp, til dømes ei fullmakt, kan vi ikkje gjere tilgjengelege. Ber du om det, les koordinerande eining dei opp for deg eller sender dei i ei anna form.',
  },
  report: {
    heading: 'Meld frå om problem',
    body: 'Får du ikkje brukt ein del av tenesta, eller treng du innhaldet i ei anna form? Kontakt koordinerande eining i {{municipality}} på telefon eller e-post, eller sei frå til koordinatoren din.',
    what: 'Fortel kva side det gjeld, kva du prøvde å gjere, og kva hjelpemiddel du brukar. Vi svarar innan to veker.',
    other: 'Du treng ikkje bruke skjemaet her: du kan også be om individuell plan og koordinator munnleg eller på papir.',
  },
  complaint: {
    heading: 'Klage',
    body: 'Er du ikkje nøgd med svaret, eller får du ikkje svar innan rimeleg tid, kan du klage til Diskrimineringsnemnda. Tilsynet for universell utforming av ikt (Uutilsynet) fører tilsyn med at offentlege nettløysingar følgjer krava, og forklarer korleis du melder frå og klagar:',
    link: 'https://www.uutilsynet.no',
  },
  footerLink: 'Tilgjengelegheitserklæring',
};
