import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/tenant';
import { ChannelRepository } from '../../persistence/channel.repository';

@Injectable()
export class ListChannelsUseCase {
  constructor(private readonly channels: ChannelRepository) {}

  /** Keyset paging: the page token is the last channel id of the previous page. */
  async execute(q: { tenantId: string; pageSize: number; pageToken: string }) {
    const size = Math.min(Math.max(q.pageSize || 50, 1), 200);
    const rows = await this.channels.list(requireTenant(q.tenantId), size + 1, q.pageToken ?? '');
    const page = rows.slice(0, size);
    return { channels: page, nextPageToken: rows.length > size ? page[page.length - 1].id : '' };
  }
}
