// The beat and bar on the Link grid, animated from the node's clock as
// mapped onto the browser's (node_clock.js).

export class GridView {
  constructor(canvas, text) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.text = text;
  }

  draw(clock, nowMs) {
    const { ctx, canvas } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!clock.ready) return;
    const beat = clock.beatAt(nowMs);
    const q = clock.quantum;
    const bar = Math.floor(beat / q);
    const inBar = beat - bar * q;
    const cell = canvas.width / q;
    for (let i = 0; i < q; i += 1) {
      const on = Math.floor(inBar) === i;
      const fade = on ? 1 - (inBar - i) : 0;
      ctx.fillStyle = on ? `rgba(255, 211, 77, ${0.35 + 0.65 * fade})` : '#1c2230';
      ctx.fillRect(i * cell + 4, 8, cell - 8, 50);
    }
    ctx.fillStyle = '#d8dde8';
    ctx.fillRect(4, 70, (canvas.width - 8) * (inBar / q), 10);
    this.text.textContent =
      `bar ${bar}  beat ${(inBar + 1).toFixed(2)}  ${clock.tempo.toFixed(1)} BPM` +
      `  ±${clock.spreadMs.toFixed(1)} ms  ${clock.peers} Link peer${clock.peers === 1 ? '' : 's'}`;
  }
}
