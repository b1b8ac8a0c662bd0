import fastify from 'fastify'

/** The yardstick: bare Fastify answering a fixed 10 KB HTML page. */
const body = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body>${'<p>调查研究是谋事之基、成事之道。'.repeat(330)}</p></body></html>`.slice(0, 10_240)
const app = fastify({ logger: false })
app.get('/*', async (_req, reply) => reply.type('text/html; charset=utf-8').send(body))
await app.listen({ port: Number(process.argv[2] ?? 3901), host: '127.0.0.1' })
process.send?.('ready')
