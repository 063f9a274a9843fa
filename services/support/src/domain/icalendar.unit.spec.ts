import { toICalendar } from './icalendar.js';

describe('R-SUP-4/R-SUP-5: iCalendar feed', () => {
  const feed = toICalendar('DIGIT : maintenances', [
    {
      uid: 'maintenance-m-1@digit.seineouest.fr',
      start: '2026-04-08T18:00:00+02:00',
      end: '2026-04-08T20:00:00+02:00',
      summary: 'Maintenance, module cartographique web; base de données',
      description: 'Mise à jour.\nAccès interrompu.',
      stampedAt: '2026-04-01T10:00:00+02:00',
    },
    {
      uid: 'session-s-1@digit.seineouest.fr',
      start: '2026-05-12T14:00:00+02:00',
      end: '2026-05-12T16:30:00+02:00',
      summary: 'Atelier annulé',
      cancelled: true,
      stampedAt: '2026-05-02T10:00:00+02:00',
    },
  ]);
  const lines = feed.split('\r\n');

  it('R-SUP-4: instants are written in UTC and text is escaped', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        'X-WR-CALNAME:DIGIT : maintenances',
        'DTSTART:20260408T160000Z',
        'DTEND:20260408T180000Z',
        'DTSTAMP:20260401T080000Z',
        'SUMMARY:Maintenance\\, module cartographique web\\; base de données',
        'DESCRIPTION:Mise à jour.\\nAccès interrompu.',
        'STATUS:CONFIRMED',
        'STATUS:CANCELLED',
      ]),
    );
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('R-SUP-5: long lines are folded at 75 octets without splitting characters', () => {
    const [entry] = [
      toICalendar('x', [
        {
          uid: 'u',
          start: '2026-05-12T14:00:00+02:00',
          end: '2026-05-12T16:30:00+02:00',
          summary: 'é'.repeat(100),
          stampedAt: '2026-05-02T10:00:00+02:00',
        },
      ]),
    ];
    const physical = (entry ?? '').split('\r\n');
    const encoder = new TextEncoder();
    expect(physical.every((line) => encoder.encode(line).length <= 75)).toBe(true);
    const unfolded = (entry ?? '').replace(/\r\n /g, '');
    expect(unfolded).toContain(`SUMMARY:${'é'.repeat(100)}`);
  });
});
