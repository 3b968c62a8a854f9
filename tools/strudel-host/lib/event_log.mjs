// Appends one JSON line per scheduled event to a file.

import fs from 'node:fs';

export class EventLog {
  constructor(path) {
    this.path = path;
    this.stream = fs.createWriteStream(path, { flags: 'a' });
    this.lines = 0;
  }

  write(event) {
    this.stream.write(`${JSON.stringify(event)}\n`);
    this.lines += 1;
  }

  close() {
    this.stream.end();
  }
}
