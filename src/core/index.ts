export * from './errors.js';
export * from './state.js';
export * from './patch.js';
export * from './media.js';
export * from './provider.js';
export * from './controller.js';
export { reconcile } from './reconcile.js';
export { callControllerContext, attachContextRoot } from './context.js';
