// The dashboard's islands (no inline script: the content security policy allows only files of this site).
// - Charts: each `.gpso-chart` draws the JSON of its `data-chart` attribute with Apache ECharts.
// - Live feed: htmx's SSE extension adds rows; here, the "no row" line goes once the first row comes.

const TOWN_COLOURS = ['#005aa7', '#76b82a', '#c2410c', '#7c3aed', '#0f766e', '#b91c1c', '#a16207', '#334155'];
const REFUSED_DECAL = { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.7)' };

const drawChart = (element) => {
  const data = JSON.parse(element.dataset.chart);
  const towns = [...new Set(data.series.map((series) => series.name))];
  const chart = window.echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: element.getAttribute('aria-label') } },
    color: TOWN_COLOURS,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items) =>
        [
          items[0].axisValue,
          ...items
            .filter((item) => item.value > 0)
            .map((item) => `${item.marker} ${item.seriesName} — ${data.series[item.seriesIndex].status} : ${item.value}`),
        ].join('<br>'),
    },
    legend: { type: 'scroll', bottom: 0, data: towns },
    grid: { left: 48, right: 16, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: data.days, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, name: 'arrêtés' },
    series: data.series.map((series) => ({
      name: series.name,
      type: 'bar',
      stack: series.status,
      data: series.data,
      color: TOWN_COLOURS[towns.indexOf(series.name) % TOWN_COLOURS.length],
      itemStyle: series.status === 'refusé' ? { decal: REFUSED_DECAL, borderColor: '#8e1616', borderWidth: 1 } : {},
      emphasis: { focus: 'series' },
    })),
  });
  window.addEventListener('resize', () => chart.resize());
};

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.gpso-chart[data-chart]').forEach(drawChart);
  document.body.addEventListener('htmx:sseMessage', (event) => {
    const card = event.target.closest('section');
    card?.querySelector('.gpso-empty')?.remove();
  });
});
