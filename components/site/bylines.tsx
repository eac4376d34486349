import type { PublicByline } from "@/lib/stories/public";

/** "By Ana Ruiz and Sam Okafor", as a newspaper sets it. */
export function BylineNames({ bylines }: { bylines: PublicByline[] }) {
  const names = bylines.map((b) => b.name);
  const joined = names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return <p className="text-sm font-semibold uppercase tracking-wide">By {joined}</p>;
}

/** The writers' titles at the foot: "Ana Ruiz is a special correspondent." */
export function BylineTitles({ bylines }: { bylines: PublicByline[] }) {
  const withTitles = bylines.filter((b) => b.title);
  if (withTitles.length === 0) return null;
  return (
    <div className="space-y-1 text-sm italic">
      {withTitles.map((b, i) => (
        <p key={i}>
          {b.name} is {withArticle(b.title)}.
        </p>
      ))}
    </div>
  );
}

function withArticle(title: string): string {
  if (/^(the|a|an)\s/i.test(title)) return title;
  return `${/^[aeiou]/i.test(title) ? "an" : "a"} ${title}`;
}
