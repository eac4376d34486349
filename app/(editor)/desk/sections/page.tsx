import type { Metadata } from "next";
import { requireActorOrRedirect } from "@/lib/auth/actor";
import { listSectionsForDesk } from "@/lib/sections/queries";
import { listTagsForDesk, TAG_LIST_LIMIT } from "@/lib/tags/queries";
import { NewSectionForm, SectionControls } from "./section-forms";
import { TagControls } from "./tag-forms";
import { TaxonomyStatus } from "./taxonomy-feedback";
import { FilterForm, FilterInput, ListTable, ResultCount, type Column } from "@/components/ui/list-page";

export const metadata: Metadata = { title: "Sections and tags · Newsroom" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const count = (n: number) => n.toLocaleString("en-US");

export default async function SectionsPage({ searchParams }: Props) {
  const actor = await requireActorOrRedirect("/desk/sections");
  const param = (await searchParams).q;
  const q = ((Array.isArray(param) ? param[0] : param) ?? "").trim().slice(0, 100);
  const [{ sections, canManage }, tagList] = await Promise.all([listSectionsForDesk(actor), listTagsForDesk(actor, { q })]);
  const change: Column[] = canManage ? [{ label: "Change" }] : [];
  const sectionColumns: Column[] = [
    { label: "Name" },
    { label: "Slug" },
    { label: "Stories", align: "right" },
    { label: "Published", align: "right" },
    ...change,
  ];
  const tagColumns: Column[] = [{ label: "Name" }, { label: "Slug" }, { label: "Stories", align: "right" }, ...change];

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <TaxonomyStatus>
        <h1 className="font-serif text-3xl font-bold">Sections and tags</h1>
        {canManage ? null : <p className="mt-2 text-muted">Only editors can change sections and tags; ask one if something here needs to change.</p>}

        <section aria-labelledby="sections-heading" className="mt-8 space-y-4">
          <h2 id="sections-heading" className="font-serif text-xl font-bold">
            Sections
          </h2>
          <ListTable caption="Sections, in the order readers see them" columns={sectionColumns} rowCount={sections.length} empty="No sections yet.">
            {sections.map((section, index) => (
              <tr key={section.id} className="border-b border-rule align-top">
                <th scope="row" className="py-3 pr-4 font-semibold">
                  {section.name}
                </th>
                <td className="py-3 pr-4 font-mono text-xs">{section.slug}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{count(section.storyCount)}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{count(section.publishedCount)}</td>
                {canManage ? (
                  <td className="py-3">
                    <SectionControls section={section} isFirst={index === 0} isLast={index === sections.length - 1} />
                  </td>
                ) : null}
              </tr>
            ))}
          </ListTable>
          {canManage ? (
            <div className="max-w-2xl pt-4">
              <NewSectionForm />
            </div>
          ) : null}
        </section>

        <section aria-labelledby="tags-heading" className="mt-12 space-y-4">
          <h2 id="tags-heading" className="font-serif text-xl font-bold">
            Tags
          </h2>
          {canManage ? (
            <p className="text-sm text-muted">
              A tag&rsquo;s slug follows its name. Renaming a tag to the name of another merges the two: its stories move to the other tag.
            </p>
          ) : null}
          <FilterForm action="/desk/sections" label="Find tags" className="flex max-w-md items-end gap-3" submitLabel="Find">
            <FilterInput id="tags-q" name="q" label="Find tags" type="search" value={q} maxLength={100} className="flex-1" />
          </FilterForm>
          <ResultCount total={tagList.total} one="tag" many="tags" className="">
            {q ? ` matching “${q}”` : ""}
            {tagList.total > TAG_LIST_LIMIT ? `; the first ${count(TAG_LIST_LIMIT)} are shown. Find a tag by name to see others.` : ""}
          </ResultCount>
          <ListTable
            caption="Tags, by name"
            columns={tagColumns}
            rowCount={tagList.tags.length}
            empty={q ? "No tags match." : "No tags yet. Tags are added from the story form."}
          >
            {tagList.tags.map((tag) => (
              <tr key={tag.id} className="border-b border-rule align-top">
                <th scope="row" className="py-3 pr-4 font-semibold">
                  {tag.name}
                </th>
                <td className="py-3 pr-4 font-mono text-xs">{tag.slug}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{count(tag.storyCount)}</td>
                {canManage ? (
                  <td className="py-3">
                    <TagControls tag={tag} />
                  </td>
                ) : null}
              </tr>
            ))}
          </ListTable>
        </section>
      </TaxonomyStatus>
    </main>
  );
}
