/**
 * Resolves with the size of the `count`th frame actually painted into `video` (requestVideoFrameCallback),
 * so a black or frozen tile fails; rejects after `timeout` ms saying how many frames did arrive.
 */
export function paintedFrames(video: HTMLVideoElement, count = 3, timeout = 10000, label = 'the video'): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const timer = setTimeout(() => reject(new Error(`only ${n} of ${count} frames painted in ${label}`)), timeout);
    const onFrame: VideoFrameRequestCallback = (_now, meta) => {
      if (++n >= count) {
        clearTimeout(timer);
        resolve({ width: meta.width, height: meta.height });
      } else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  });
}
