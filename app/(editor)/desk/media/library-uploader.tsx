"use client";

import { useRouter } from "next/navigation";
import { MediaUploader } from "@/components/editor/media-uploader";

/** The Media page's uploader: the list below shows each new photo as soon as it is in. */
export function LibraryUploader() {
  const router = useRouter();
  return <MediaUploader onUploaded={() => router.refresh()} />;
}
