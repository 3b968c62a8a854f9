// The performer's skeleton (world positions from /ws/skeleton, metres, Y
// up), seen from the front, and the depth camera's presence and centroid.

export class SkeletonView {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.frame = null;
    this.frames = 0;
  }

  update(msg) {
    this.frame = msg;
    this.frames += 1;
    this.canvas.dataset.frames = String(this.frames);
  }

  draw(energy) {
    const { ctx, canvas } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = '#2a3140';
    ctx.beginPath();
    ctx.moveTo(0, this.toY(0));
    ctx.lineTo(canvas.width, this.toY(0));
    ctx.stroke();
    if (!this.frame) return;
    const p = this.frame.positions;
    const parents = this.frame.parents;
    const rootX = p[0];
    ctx.lineWidth = 4;
    ctx.lineCap = 'round';
    ctx.strokeStyle = `hsl(${200 - 160 * Math.min(1, energy)}, 80%, 62%)`;
    ctx.beginPath();
    for (let i = 0; i < parents.length; i += 1) {
      const j = parents[i];
      if (j < 0) continue;
      ctx.moveTo(this.toX(p[3 * j] - rootX), this.toY(p[3 * j + 1]));
      ctx.lineTo(this.toX(p[3 * i] - rootX), this.toY(p[3 * i + 1]));
    }
    ctx.stroke();
    ctx.fillStyle = '#f0f3f8';
    for (let i = 0; i < parents.length; i += 1) {
      ctx.beginPath();
      ctx.arc(this.toX(p[3 * i] - rootX), this.toY(p[3 * i + 1]), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  // 2.2 m of height fill the canvas; x is centred on the root.
  toX(x) { return this.canvas.width / 2 + x * this.canvas.height / 2.2; }
  toY(y) { return this.canvas.height * 0.95 - y * this.canvas.height / 2.2; }
}

export class DepthView {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.values = {};
  }

  update(values) { this.values = values; }

  draw() {
    const { ctx, canvas, values } = this;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#7b8597';
    ctx.fillText('depth', 6, 14);
    const present = values['depth.present'] ?? 0;
    ctx.fillText(present > 0.5 ? 'present' : 'absent', 6, 28);
    if (present <= 0.5 || values['depth.centroid_x'] === undefined) return;
    const x = values['depth.centroid_x'] * canvas.width;
    const y = (values['depth.centroid_y'] ?? 0.5) * canvas.height;
    const w = (values['depth.bbox_width'] ?? 0.2) * canvas.width;
    const h = (values['depth.bbox_height'] ?? 0.5) * canvas.height;
    ctx.strokeStyle = '#3f8fd8';
    ctx.strokeRect(x - w / 2, y - h / 2, w, h);
    ctx.fillStyle = '#ffd34d';
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.fill();
  }
}
