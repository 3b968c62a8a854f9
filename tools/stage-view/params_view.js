// The music params (/ws/params) as bars that follow each value smoothly.

export class ParamsView {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.target = {};
    this.shown = {};
  }

  update(values) { this.target = values; }

  draw(dtMs) {
    const { ctx, canvas } = this;
    const names = Object.keys(this.target).sort();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const rowH = Math.min(28, canvas.height / Math.max(1, names.length));
    const k = 1 - Math.exp(-dtMs / 60);
    names.forEach((name, i) => {
      const target = this.target[name] ?? 0;
      const shown = (this.shown[name] ?? target) + ((target - (this.shown[name] ?? target)) * k);
      this.shown[name] = shown;
      const y = i * rowH;
      // Params are mostly 0..1; pan is -1..1: draw from the middle then.
      const barW = canvas.width - 100;
      ctx.fillStyle = '#1c2230';
      ctx.fillRect(96, y + 4, barW, rowH - 8);
      ctx.fillStyle = '#3f8fd8';
      if (shown < 0) {
        const w = Math.min(1, -shown) * barW / 2;
        ctx.fillRect(96 + barW / 2 - w, y + 4, w, rowH - 8);
      } else {
        ctx.fillRect(96, y + 4, Math.min(1, shown) * barW, rowH - 8);
      }
      ctx.fillStyle = '#9aa3b4';
      ctx.fillText(name, 4, y + rowH / 2 + 4);
    });
  }
}
