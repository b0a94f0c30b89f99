// The console's JSON API.
export class ApiError extends Error {
  constructor(status, body, headers) {
    super(typeof body?.detail === "string" ? body.detail : body?.detail?.detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const answer = await fetch(`/api${path}`, options);
  if (answer.status === 204) return null;
  const data = await answer.json().catch(() => null);
  if (!answer.ok) throw new ApiError(answer.status, data, answer.headers);
  return data;
}
