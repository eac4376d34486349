type Name = { name: string; authorSlug: string | null };

/** "Ana Ruiz and Sam Okafor", staff names linked to their author pages. */
export function JoinedNames({ names }: { names: Name[] }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={i}>
          {i > 0 ? (i === names.length - 1 ? " and " : ", ") : null}
          {n.authorSlug ? (
            <a href={`/authors/${n.authorSlug}`} className="underline decoration-muted decoration-1 underline-offset-4 hover:decoration-current">
              {n.name}
            </a>
          ) : (
            n.name
          )}
        </span>
      ))}
    </>
  );
}
