declare module '*/__signaling.js' {
  export const SIGNALING_URL: string;
}
