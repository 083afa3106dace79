import type { Translation } from '../types.js';

// English.
export const en: Translation = {
  common: {
    productName: 'Individual plan and coordinator',
    loading: 'Loading …',
  },
  layout: {
    skipToContent: 'Skip to main content',
    languageSwitcherLabel: 'Choose language',
  },
  municipality: {
    fallbackName: 'Your municipality',
  },
  footer: {
    unitName: 'Coordinating unit',
    unitRole: 'The coordinating unit is responsible for individual plans and coordinators in the municipality.',
  },
  start: {
    title: 'Individual plan and coordinator',
    lead: 'Do you need several services over time, and do those services need to work together? Then you can have an individual plan and a coordinator who helps the services work together towards your goals.',
    plan: {
      heading: 'What is an individual plan?',
      body: 'The plan describes how your services will work together so that you get coherent follow-up. You make it together with the services that help you, and it is built on what matters to you. The plan is kept up to date and reviewed regularly.',
      contentsIntro: 'Among other things, the plan shows',
      goals: 'your goals',
      measures: 'what will be done',
      responsibility: 'who is responsible for what, including what you are responsible for yourself',
      timing: 'when the services will be provided',
      otherServices: 'The plan can also include services from, for example, NAV, child welfare services, school and kindergarten. You have only one individual plan.',
    },
    coordinator: {
      heading: 'What does a coordinator do?',
      body: 'The coordinator is your contact person. The coordinator keeps track of your situation and makes sure that the services work well together and that you take part in the work on your plan. You can say who you would like as your coordinator, and you can have a coordinator even if you do not want an individual plan.',
    },
    who: {
      heading: 'Who can have an individual plan and a coordinator?',
      body: 'Anyone who needs several services over a period of time, where the services have to work together. The need does not have to be permanent, and it applies regardless of age, diagnosis or level of functioning.',
    },
    meaning: {
      heading: 'What does it mean for you?',
      participation: 'You take part in planning how your services are provided.',
      coordination: 'You do not necessarily get more services, but the services you get are coordinated.',
      information: 'You decide what information is shared between the services.',
    },
    how: {
      heading: 'How to ask for an individual plan and a coordinator',
      body: 'You can ask yourself, or a relative can ask on your behalf. The request goes to the municipality’s coordinating unit, which assesses your needs.',
      consent: 'A plan is made and a coordinator is appointed only if you consent. If you are over 16, you consent yourself if you are able to. For children under 16, a parent or guardian consents.',
    },
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you are looking for does not exist or has been moved. Check that the address is correct.',
    home: 'Go to the front page',
  },
};
