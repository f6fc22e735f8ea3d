import express from 'express';

/** The yardstick: a bare Express route on this machine, in its own process like an app node. */
const app = express();
app.post('/hello', (_req, res) => {
  res.json({ success: true, hello: 'world' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
