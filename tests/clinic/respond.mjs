// Writes an answer built as { status, headers, body | raw | chunks }: `body`
// is sent as JSON, `raw` as it is, `chunks` one after another with no
// Content-Length (so the client cannot know the size before reading).
export function send(res, { status, headers = {}, body, raw, chunks }, contentType) {
  // A client that stops reading mid-answer is not the server's problem.
  res.on('error', () => {});
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  if (chunks) {
    for (const chunk of chunks) res.write(chunk);
    res.end();
    return;
  }
  res.end(raw ?? (body === undefined ? '' : JSON.stringify(body)));
}
