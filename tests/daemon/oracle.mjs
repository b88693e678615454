// Runs the fetch handler of an app module under node: for each request of argv[3] (JSON:
// [{method, path, headers, body}]), prints the Response as the edgeboxd tests read it from the
// wire: [status, content-type, location, x-custom, body].
const app = (await import(process.argv[2])).default;
for (const { method, path, headers, body } of JSON.parse(process.argv[3])) {
  const init = { method, headers };
  if (body !== null) init.body = body;
  const response = await app.fetch(new Request(`http://127.0.0.1${path}`, init));
  const pick = (name) => response.headers.get(name);
  const text = await response.text();
  console.log(JSON.stringify([response.status, pick("content-type"), pick("location"), pick("x-custom"), text]));
}
