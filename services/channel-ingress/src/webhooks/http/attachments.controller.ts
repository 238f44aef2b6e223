import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AttachmentBlobEntity } from '../../attachments/persistence/attachment-blob.entity';
import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';

/** Serves attachments that arrived inline (email parts, uploads) by their unguessable id. */
@Controller('v1/attachments')
export class AttachmentsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':id')
  async get(@Param('id') id: string, @Res() res: Response) {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new InboundException(InboundErrorCode.InvalidMessage, 'attachment id must be a UUID');
    const blob = await this.dataSource.getRepository(AttachmentBlobEntity).findOne({ where: { id } });
    if (!blob) {
      res.status(404).json({ error: { code: 'ATTACHMENT_NOT_FOUND', message: `attachment ${id} not found` } });
      return;
    }
    res
      .status(200)
      .setHeader('content-type', blob.mimeType)
      .setHeader('content-disposition', `inline; filename="${encodeURIComponent(blob.fileName || 'file')}"`)
      .setHeader('x-content-type-options', 'nosniff')
      .setHeader('cache-control', 'private, max-age=86400')
      .end(blob.content);
  }
}
