import type { CompilerOptions } from 'vue/compiler-sfc';
import { isCallElementTag } from 'call-elements/vue';

// Tells Vue's template compiler that these tags are custom elements, not Vue components to resolve.
// Vite: plugins: [vue({ template: { compilerOptions } })]
export const compilerOptions: CompilerOptions = { isCustomElement: isCallElementTag };
