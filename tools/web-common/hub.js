// One WebSocket hub of the bus (/ws/NAME): JSON messages to a callback,
// reconnecting after a second when the connection drops.

export function connectHub(path, onMessage, onState = () => {}) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  let socket;
  const open = () => {
    socket = new WebSocket(url);
    socket.onopen = () => onState(path, true);
    socket.onmessage = (event) => onMessage(JSON.parse(event.data), performance.now());
    socket.onclose = () => {
      onState(path, false);
      setTimeout(open, 1000);
    };
  };
  open();
  return () => socket.close();
}
