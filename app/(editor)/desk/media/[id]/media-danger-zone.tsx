"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { useServerAction } from "@/components/ui/use-server-action";
import { deleteMediaAction, reprocessMediaAction } from "../actions";

/** Processing a photo again, and deleting it (editors; refused while a story uses it, with the stories). */
export function MediaDangerZone({ mediaId, mayDelete, mayReprocess, usedBy }: { mediaId: string; mayDelete: boolean; mayReprocess: boolean; usedBy: number }) {
  const router = useRouter();
  const { error, done, pending, run } = useServerAction();
  if (!mayDelete && !mayReprocess) return null;
  return (
    <section aria-label="Photo actions" className="mt-10 space-y-3">
      <div className="flex gap-3">
        {mayReprocess ? (
          <Button
            disabled={pending}
            onClick={() =>
              run(
                () => reprocessMediaAction({ mediaId }),
                () => "Queued: its sizes are being made again.",
              )
            }
          >
            Process again
          </Button>
        ) : null}
        {mayDelete ? (
          <Button
            variant="danger"
            disabled={pending}
            onClick={() => {
              if (usedBy === 0 && !window.confirm("Delete this photo, its sizes and its original? This cannot be undone.")) return;
              run(
                () => deleteMediaAction({ mediaId }),
                () => {
                  router.push("/desk/media");
                  return "Deleted.";
                },
                { refresh: false },
              );
            }}
          >
            Delete photo
          </Button>
        ) : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
    </section>
  );
}
