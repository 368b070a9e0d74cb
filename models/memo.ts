// Values derived from a text (a node's name, an owner's name, a timestamp) that thousands of objects
// share: made once per text and handed out again, so that each object shares the one value.

/** Texts a memo keeps before it starts over (a bound, not a cache policy: real runs stay far below). */
const MEMO_LIMIT = 100_000;

/** `make` remembered per text: the same text gives the same value (the same object) each time. */
export function memoByText<T>(make: (text: string) => T): (text: string) => T {
  const made = new Map<string, T>();
  return (text) => {
    let value = made.get(text);
    if (value === undefined) {
      if (made.size >= MEMO_LIMIT) made.clear();
      made.set(text, (value = make(text)));
    }
    return value;
  };
}
