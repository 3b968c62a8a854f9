// A hop's p99 over the last mesh messages, drawn small: one line per hop
// of an actor, all on the scale of the largest value shown.

export const HISTORY = 60;

export function drawSparkline(canvas, series) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const max = Math.max(1, ...series.flat());
  series.forEach((values, k) => {
    ctx.strokeStyle = `hsl(${200 + 50 * k}, 70%, 62%)`;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = width - (values.length - 1 - i) * (width / (HISTORY - 1));
      const y = height - 2 - (v / max) * (height - 4);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  });
}
