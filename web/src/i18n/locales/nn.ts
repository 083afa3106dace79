import type { Translation } from '../types.js';

// Nynorsk.
export const nn: Translation = {
  common: {
    productName: 'Individuell plan og koordinator',
    loading: 'Lastar inn …',
  },
  layout: {
    skipToContent: 'Hopp til hovudinnhaldet',
    languageSwitcherLabel: 'Vel språk',
  },
  municipality: {
    fallbackName: 'Kommunen din',
  },
  footer: {
    unitName: 'Koordinerande eining',
    unitRole: 'Koordinerande eining har ansvaret for individuell plan og koordinator i kommunen.',
  },
  start: {
    title: 'Individuell plan og koordinator',
    lead: 'Treng du fleire tenester over tid, og må tenestene samarbeide? Då kan du få ein individuell plan og ein koordinator som hjelper tenestene å arbeide saman om måla dine.',
    plan: {
      heading: 'Kva er ein individuell plan?',
      body: 'Planen skildrar korleis tenestene skal samarbeide, slik at du får ei heilskapleg oppfølging. Du lagar han saman med tenestene du får hjelp frå, og han byggjer på det som er viktig for deg. Planen blir oppdatert fortløpande og evaluert jamleg.',
      contentsIntro: 'Planen viser mellom anna',
      goals: 'måla dine',
      measures: 'kva som skal gjerast',
      responsibility: 'kven som har ansvar for kva, også det du sjølv har ansvar for',
      timing: 'når tenestene skal givast',
      otherServices: 'Planen kan òg omfatte tenester frå til dømes NAV, barnevernet, skule og barnehage. Du har berre éin individuell plan.',
    },
    coordinator: {
      heading: 'Kva gjer ein koordinator?',
      body: 'Koordinatoren er kontaktpersonen din. Koordinatoren har oversikt over situasjonen din, sørgjer for at tenestene samarbeider godt og for at du er med i arbeidet med planen. Du kan seie kven du ønskjer som koordinator, og du kan få koordinator sjølv om du ikkje ønskjer individuell plan.',
    },
    who: {
      heading: 'Kven kan få individuell plan og koordinator?',
      body: 'Alle som treng fleire tenester over ei viss tid, der tenestene må samarbeide. Behovet treng ikkje vere varig, og det gjeld uansett alder, diagnose eller funksjonsnivå.',
    },
    meaning: {
      heading: 'Kva betyr det for deg?',
      participation: 'Du er med og planlegg korleis tenestene skal givast.',
      coordination: 'Du får ikkje nødvendigvis fleire tenester, men tenestene du får, blir samordna.',
      information: 'Du bestemmer kva opplysningar som blir delte mellom tenestene.',
    },
    how: {
      heading: 'Slik ber du om individuell plan og koordinator',
      body: 'Du kan be om det sjølv, eller ein pårørande kan gjere det på vegner av deg. Anmodninga går til koordinerande eining i kommunen, som vurderer behovet ditt.',
      consent: 'Planen blir laga og koordinator blir oppnemnd berre dersom du samtykkjer. Er du over 16 år, samtykkjer du sjølv dersom du er i stand til det. For barn under 16 år samtykkjer foreldre eller verje.',
    },
  },
  notFound: {
    title: 'Fann ikkje sida',
    body: 'Sida du leitar etter, finst ikkje, eller ho er flytt. Sjekk at adressa er rett.',
    home: 'Gå til framsida',
  },
};
