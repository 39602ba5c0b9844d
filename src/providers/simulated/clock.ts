/** The simulated platform's clock is the provider kit's (kept here for the tests and stories that import it). */
export { ManualClock, realClock, type Clock as SimClock } from '../kit/clock.js';
