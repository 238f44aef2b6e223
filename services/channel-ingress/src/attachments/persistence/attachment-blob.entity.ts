import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Bytes of an attachment that arrived inline (email part, widget upload); served by an unguessable id. */
@Entity({ name: 'attachment_blobs' })
@Index('attachment_blobs_channel', ['channelId', 'createdAt'])
export class AttachmentBlobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId: string;

  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  @Column({ name: 'file_name', type: 'text', default: '' })
  fileName: string;

  @Column({ type: 'bytea' })
  content: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
