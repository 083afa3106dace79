// The accessibility statement (tilgjengelighetserklæring) in Bokmål: the source of its keys.
export const accessibilityNb = {
  title: 'Tilgjengelighetserklæring',
  lead: '{{municipality}} skal sørge for at alle kan bruke tjenesten «Individuell plan og koordinator», også de som bruker skjermleser, forstørrelse, bare tastatur eller andre hjelpemidler.',
  law: 'Som offentlig virksomhet følger kommunen forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske (IKT)-løsninger. Den krever at tjenesten oppfyller standarden WCAG 2.1 på nivå A og AA. Kommunen publiserer også erklæringen sin på uustatus.no.',
  status: {
    heading: 'Hvor godt tjenesten oppfyller kravene',
    body: 'Tjenesten er delvis i samsvar med kravene. Sidene der du ber om individuell plan og koordinator, følger saken din, samtykker og godkjenner planen, har ingen kjente brudd. Avvikene vi kjenner til, står under.',
  },
  tested: {
    heading: 'Slik tester vi',
    intro: 'Tjenesten testes hver gang den endres, før den tas i bruk:',
    axe: 'Alle sidene en sak går gjennom, fra anmodningen til saken er avsluttet, og startsidene for prosesseiere og administratorer, kontrolleres automatisk mot kravene i WCAG 2.0 og 2.1 på nivå A og AA, på bokmål, nynorsk og engelsk.',
    keyboard: 'Anmodningsskjemaet, oppgaveskjemaene og planen fylles ut med bare tastatur.',
    announced: 'Vi kontrollerer at feilmeldinger og resultatet av det du gjør, blir lest opp av skjermleser, og at sidens språk følger språket du har valgt.',
    phone: 'Sidene skal kunne brukes på en mobilskjerm uten at du må rulle sidelengs, og teksten skal ha god nok kontrast.',
    pdf: 'Brev og planer lages som PDF med struktur (tagget PDF), tittel og språk, slik at de kan leses med skjermleser.',
    limits: 'Automatiske tester finner ikke alle problemer. Derfor er tilbakemeldingene dine viktige for oss.',
  },
  known: {
    heading: 'Dette kjenner vi til',
    editor: 'Prosesseditoren, der prosesseiere tegner saksflyten, kan bare brukes med mus. Prosesseiere kan i stedet laste opp en BPMN-fil, og tallene i diagrammene finnes også som tabeller.',
    sami: 'Tjenesten finnes ennå ikke på nordsamisk. Bor du i forvaltningsområdet for samisk språk, kan du kontakte koordinerende enhet og få hjelp på samisk.',
    attachments: 'Dokumenter du eller andre laster opp, for eksempel en fullmakt, kan vi ikke gjøre tilgjengelige. Ber du om det, leser koordinerende enhet dem opp for deg eller sender dem i en annen form.',
  },
  report: {
    heading: 'Meld fra om problemer',
    body: 'Får du ikke brukt en del av tjenesten, eller trenger du innholdet i en annen form? Kontakt koordinerende enhet i {{municipality}} på telefon eller e-post, eller si fra til koordinatoren din.',
    what: 'Fortell hvilken side det gjelder, hva du prøvde å gjøre, og hvilket hjelpemiddel du bruker. Vi svarer innen to uker.',
    other: 'Du trenger ikke å bruke skjemaet her: du kan også be om individuell plan og koordinator muntlig eller på papir.',
  },
  complaint: {
    heading: 'Klage',
    body: 'Er du ikke fornøyd med svaret, eller får du ikke svar innen rimelig tid, kan du klage til Diskrimineringsnemnda. Tilsynet for universell utforming av ikt (Uutilsynet) fører tilsyn med at offentlige nettløsninger følger kravene, og forklarer hvordan du melder fra og klager:',
    link: 'https://www.uutilsynet.no',
  },
  footerLink: 'Tilgjengelighetserklæring',
};
