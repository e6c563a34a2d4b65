/** Avro name rules: full names, namespace inheritance and the strict name syntax. */
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface QualifiedName {
  fullName: string;
  name: string;
  namespace: string;
}

/** A dotted name carries its own namespace; otherwise the explicit or enclosing one applies. */
export function qualify(name: string, namespace: string): QualifiedName {
  const dot = name.lastIndexOf('.');
  if (dot >= 0) return { fullName: name, name: name.slice(dot + 1), namespace: name.slice(0, dot) };
  return { fullName: namespace ? `${namespace}.${name}` : name, name, namespace };
}

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** Every dotted component must be a valid name; the empty namespace is allowed. */
export function isValidFullName(fullName: string): boolean {
  return fullName === '' || fullName.split('.').every(isValidName);
}
