// Development mode: the demo person a plain browser acts as, kept for the browser tab's session.
const DEV_USER_KEY = 'ids.devUser';

export function storedDevUser(): string | undefined {
  try {
    return sessionStorage.getItem(DEV_USER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeDevUser(email: string | undefined): void {
  try {
    if (email) sessionStorage.setItem(DEV_USER_KEY, email);
    else sessionStorage.removeItem(DEV_USER_KEY);
  } catch {
    // private mode: the choice lasts until reload
  }
}
