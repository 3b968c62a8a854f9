// Sends `/dirt/play` bundles over UDP to SuperDirt (default 127.0.0.1:57120).

import dgram from 'node:dgram';

export class OscOutput {
  constructor({ host = '127.0.0.1', port = 57120 }) {
    this.host = host;
    this.port = port;
    this.socket = dgram.createSocket('udp4');
    this.sent = 0;
    this.errors = 0;
    this.lastError = undefined;
  }

  send(bytes) {
    this.socket.send(bytes, this.port, this.host, (error) => {
      if (error) {
        this.errors += 1;
        this.lastError = error.message;
      }
    });
    this.sent += 1;
  }

  close() {
    this.socket.close();
  }
}
