import { JoinedNames } from "@/components/site/byline-names";
import type { PublicByline } from "@/lib/stories/public";

/** "By Ana Ruiz and Sam Okafor", as a newspaper sets it; staff names link to their author pages. */
export function BylineNames({ bylines }: { bylines: PublicByline[] }) {
  return (
    <p className="text-sm font-semibold uppercase tracking-wide">
      By <JoinedNames names={bylines} />
    </p>
  );
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
