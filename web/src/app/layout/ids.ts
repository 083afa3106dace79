/** The main landmark's id: the skip link's target. */
export const mainContentId = 'main-content';
