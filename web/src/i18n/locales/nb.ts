// Norsk bokmål: the source language. nn.ts and en.ts must have exactly the same keys (see types.ts).
export const nb = {
  common: {
    productName: 'Individuell plan og koordinator',
    loading: 'Laster inn …',
  },
  layout: {
    skipToContent: 'Hopp til hovedinnhold',
    languageSwitcherLabel: 'Velg språk',
  },
  municipality: {
    fallbackName: 'Din kommune',
  },
  footer: {
    unitName: 'Koordinerende enhet',
    unitRole: 'Koordinerende enhet har ansvaret for individuell plan og koordinator i kommunen.',
  },
  start: {
    title: 'Individuell plan og koordinator',
    lead: 'Har du behov for flere tjenester over tid, og må tjenestene samarbeide? Da kan du få en individuell plan og en koordinator som hjelper tjenestene å jobbe sammen om målene dine.',
    plan: {
      heading: 'Hva er en individuell plan?',
      body: 'Planen beskriver hvordan tjenestene skal samarbeide, slik at du får en helhetlig oppfølging. Du lager den sammen med tjenestene du får hjelp fra, og den bygger på det som er viktig for deg. Planen oppdateres fortløpende og evalueres jevnlig.',
      contentsIntro: 'Planen viser blant annet',
      goals: 'målene dine',
      measures: 'hva som skal gjøres',
      responsibility: 'hvem som har ansvar for hva, også det du selv har ansvar for',
      timing: 'når tjenestene skal gis',
      otherServices: 'Planen kan også omfatte tjenester fra for eksempel NAV, barnevernet, skole og barnehage. Du har bare én individuell plan.',
    },
    coordinator: {
      heading: 'Hva gjør en koordinator?',
      body: 'Koordinatoren er kontaktpersonen din. Koordinatoren har oversikt over situasjonen din, sørger for at tjenestene samarbeider godt og for at du er med i arbeidet med planen. Du kan si hvem du ønsker som koordinator, og du kan få koordinator selv om du ikke ønsker individuell plan.',
    },
    who: {
      heading: 'Hvem kan få individuell plan og koordinator?',
      body: 'Alle som har behov for flere tjenester over en viss tid, der tjenestene må samarbeide. Behovet trenger ikke å være varig, og det gjelder uansett alder, diagnose eller funksjonsnivå.',
    },
    meaning: {
      heading: 'Hva betyr det for deg?',
      participation: 'Du er med og planlegger hvordan tjenestene skal gis.',
      coordination: 'Du får ikke nødvendigvis flere tjenester, men tjenestene du får blir samordnet.',
      information: 'Du bestemmer hvilke opplysninger som deles mellom tjenestene.',
    },
    how: {
      heading: 'Slik ber du om individuell plan og koordinator',
      body: 'Du kan be om det selv, eller en pårørende kan gjøre det på dine vegne. Anmodningen går til koordinerende enhet i kommunen, som vurderer behovet ditt.',
      consent: 'Planen lages og koordinator oppnevnes bare hvis du samtykker. Er du over 16 år, samtykker du selv hvis du er i stand til det. For barn under 16 år samtykker foreldre eller verge.',
    },
  },
  notFound: {
    title: 'Fant ikke siden',
    body: 'Siden du leter etter finnes ikke, eller den er flyttet. Sjekk at adressen er riktig.',
    home: 'Gå til forsiden',
  },
};
