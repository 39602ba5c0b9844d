// The package ships no typings; the surface we use is typed in kandy-sdk.ts and checked by tests.
declare module '@kandy-io/cpaas-sdk';
