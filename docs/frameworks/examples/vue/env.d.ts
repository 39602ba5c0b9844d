// Plain TypeScript (and ESLint) see .vue imports as components; vue-tsc reads the real file instead.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
