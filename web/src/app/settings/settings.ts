/** The municipality's settings, served by `GET /api/settings`. */
export interface Settings {
  municipalityName: string;
}

/** Reads the settings; rejects if the server does not answer with usable settings. */
export async function fetchSettings(signal?: AbortSignal): Promise<Settings> {
  const response = await fetch('/api/settings', { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) throw new Error(`GET /api/settings answered ${response.status}`);
  return parseSettings(await response.json());
}

export function parseSettings(body: unknown): Settings {
  if (typeof body !== 'object' || body === null) throw new Error('Settings are not an object');
  const { municipalityName } = body as Record<string, unknown>;
  if (typeof municipalityName !== 'string' || municipalityName.trim() === '') {
    throw new Error('Settings have no municipalityName');
  }
  return { municipalityName: municipalityName.trim() };
}
