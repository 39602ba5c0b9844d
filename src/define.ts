/** Registers every call-elements tag. The only side-effect module of the package besides each element's `define`. */
import './elements/call-session/define.js';
export * from './index.js';
