import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { RoutePolicy } from '../auth/route-policy.js';
import { querySubject } from '@digit/contracts';
import { calendarDateParam, knownTown } from '../http/path-params.js';
import { parisToday } from '../http/paris-today.js';
import { ServiceClient } from '../http/service-client.js';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/** /api/v1/voirie: the territorial road registry [R-DX-1, R-DX-2], answered by the data-exchange service over NATS. */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/voirie')
export class VoirieController {
  constructor(private readonly services: ServiceClient) {}

  /** Roads and squares in force on `asOf` (default today), each change with the order that made it. */
  @Get(':insee/roads')
  roads(@Param('insee') insee: string, @Query('asOf') asOf?: string) {
    return this.services.ask(querySubject('data-exchange', 'voirie-roads'), { insee: knownTown(insee), asOf: calendarDateParam('asOf', asOf, parisToday) });
  }

  /** The registry as a Base Adresse Locale 1.4 file (`;`-separated UTF-8 CSV). */
  @Get(':insee/bal.csv')
  async bal(@Param('insee') insee: string, @Res({ passthrough: true }) response: HeaderSink, @Query('asOf') asOf?: string) {
    const town = knownTown(insee);
    const day = calendarDateParam('asOf', asOf, parisToday);
    const { csv } = await this.services.ask<{ csv: string }>(querySubject('data-exchange', 'voirie-bal'), { insee: town, asOf: day });
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${town}_bal_${day}.csv"`);
    return csv;
  }

  /** Traffic directions in force on `asOf` as GeoJSON (RFC 7946). */
  @Get(':insee/traffic-directions.geojson')
  async trafficDirections(@Param('insee') insee: string, @Res({ passthrough: true }) response: HeaderSink, @Query('asOf') asOf?: string) {
    const town = knownTown(insee);
    const day = calendarDateParam('asOf', asOf, parisToday);
    const collection = await this.services.ask(querySubject('data-exchange', 'voirie-traffic-directions'), { insee: town, asOf: day });
    response.setHeader('Content-Type', 'application/geo+json; charset=utf-8');
    response.setHeader('Content-Disposition', `inline; filename="${town}_sens_de_circulation_${day}.geojson"`);
    return collection;
  }

  /** What the registry decided on one of the town's orders. */
  @Get(':insee/orders/:orderId')
  order(@Param('insee') insee: string, @Param('orderId') orderId: string) {
    return this.services.ask(querySubject('data-exchange', 'voirie-order'), { insee: knownTown(insee), orderId });
  }
}
