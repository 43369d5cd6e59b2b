package io.tidemark.bench.suite;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.Map;

/** The PNG charts of docs/benchmarks.md (JFreeChart), each titled with what it shows and subtitled with the machine and input. */
public final class Charts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    private static final Color TIDEMARK = new Color(0x1f77b4);
    private static final Color OTHER = new Color(0xd62728);
    private static final Color GREY = new Color(0x7f7f7f);
    private static final Font SUBTITLE = new Font("SansSerif", Font.PLAIN, 13);

    private final Path dir;
    private final String machine;

    public Charts(Path dir, String machine) {
        this.dir = dir;
        this.machine = machine;
        System.setProperty("java.awt.headless", "true");
    }

    /** Horizontal bars, one per label, value printed at the bar; Tidemark's bars blue, others red. */
    public Path throughput(String file, String title, String input, Map<String, Double> eventsPerSecond, Map<String, Boolean> isTidemark)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        eventsPerSecond.forEach((label, value) -> data.addValue(value, "events/s", label));
        JFreeChart chart = ChartFactory.createBarChart(title, null, "events per second per core", data, PlotOrientation.HORIZONTAL, false, false, false);
        subtitles(chart, input);
        CategoryPlot plot = chart.getCategoryPlot();
        Color[] colors = eventsPerSecond.keySet().stream().map(k -> Boolean.TRUE.equals(isTidemark.get(k)) ? TIDEMARK : OTHER).toArray(Color[]::new);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return colors[column];
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font("SansSerif", Font.BOLD, 13));
        // Labels just past the end of each bar, so short bars keep their whole number.
        renderer.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT));
        renderer.setMaximumBarWidth(0.12);
        plot.setRenderer(renderer);
        plot.getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 13));
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setNumberFormatOverride(new DecimalFormat("#,##0"));
        range.setUpperMargin(0.18);
        style(chart);
        return save(chart, file);
    }

    /** Write units per event against batch size, both axes logarithmic, with the target as a dashed line. */
    public Path writeCost(String file, String input, Map<Integer, Double> tidemark, Map<Integer, Double> naive, double target) throws IOException {
        XYSeries t = new XYSeries("Tidemark (step log + pre-aggregated rows)");
        tidemark.forEach(t::add);
        XYSeries n = new XYSeries("naive: one transaction per event (marker + view updates)");
        naive.forEach(n::add);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(t);
        data.addSeries(n);
        JFreeChart chart = ChartFactory.createXYLineChart("DynamoDB write units per event against batch size", "batch size (records)",
                "write units per event", data, PlotOrientation.VERTICAL, true, false, false);
        subtitles(chart, input);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("batch size (records per invocation)");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of ten
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setUpperMargin(0.08);
        plot.setDomainAxis(x);
        LogAxis y = new LogAxis("write units per event (DynamoDB's rules)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1.0));
        y.setNumberFormatOverride(new DecimalFormat("0.###"));
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, TIDEMARK);
        r.setSeriesPaint(1, OTHER);
        r.setSeriesStroke(0, new BasicStroke(2.5f));
        r.setSeriesStroke(1, new BasicStroke(2.5f));
        r.setDefaultItemLabelGenerator((dataset, series, item) -> new DecimalFormat("0.###").format(dataset.getYValue(series, item)));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        plot.setRenderer(r);
        ValueMarker marker = new ValueMarker(target, GREY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 6}, 0));
        marker.setLabel("target " + target + " WU/event");
        marker.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(marker);
        style(chart);
        return save(chart, file);
    }

    /** A latency histogram (ms) with the p50, p95 and p99 marked. */
    public Path latencyHistogram(String file, String title, String input, long[] micros, double p50, double p95, double p99, double targetMs)
            throws IOException {
        double[] ms = Arrays.stream(micros).mapToDouble(m -> m / 1000.0).toArray();
        double upper = Math.max(targetMs * 1.05, p99 * 1.3);
        double[] shown = Arrays.stream(ms).map(v -> Math.min(v, upper)).toArray();
        HistogramDataset data = new HistogramDataset();
        data.addSeries("latency", shown, 60, 0, upper);
        JFreeChart chart = ChartFactory.createHistogram(title, "milliseconds (values above " + Math.round(upper) + " ms counted in the last bin)",
                "records", data, PlotOrientation.VERTICAL, false, false, false);
        subtitles(chart, input);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, TIDEMARK);
        addMarker(plot, p50, "p50 " + Math.round(p50) + " ms", new Color(0x2ca02c));
        addMarker(plot, p95, "p95 " + Math.round(p95) + " ms", new Color(0xff7f0e));
        addMarker(plot, p99, "p99 " + Math.round(p99) + " ms", OTHER);
        ValueMarker target = new ValueMarker(targetMs, GREY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 6}, 0));
        target.setLabel("target: p99 < " + Math.round(targetMs) + " ms");
        target.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        target.setLabelAnchor(RectangleAnchor.CENTER); // label left of the line: to its right it would leave the chart
        target.setLabelTextAnchor(TextAnchor.CENTER_RIGHT);
        plot.addDomainMarker(target);
        style(chart);
        return save(chart, file);
    }

    /** Stacked phases (ms) per mode. */
    public Path coldStart(String file, String input, Map<String, Map<String, Double>> phasesByMode) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        phasesByMode.forEach((mode, phases) -> phases.forEach((phase, ms) -> data.addValue(ms, phase, mode)));
        JFreeChart chart = ChartFactory.createStackedBarChart("Cold start: JVM start to the first batch handled (median)", null, "milliseconds",
                data, PlotOrientation.HORIZONTAL, true, false, false);
        subtitles(chart, input);
        CategoryPlot plot = chart.getCategoryPlot();
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font("SansSerif", Font.BOLD, 12));
        r.setMaximumBarWidth(0.25);
        Color[] palette = {GREY, TIDEMARK, new Color(0xbcbd22), new Color(0x2ca02c)};
        for (int i = 0; i < palette.length; i++) {
            r.setSeriesPaint(i, palette[i]);
        }
        plot.getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 13));
        ValueMarker target = new ValueMarker(1000, OTHER, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 6}, 0));
        target.setLabel("target 1 s");
        target.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        target.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        target.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(target);
        style(chart);
        return save(chart, file);
    }

    /**
     * Dollars a month against events per second, both axes logarithmic: Tidemark, the naive per-event Lambda pipeline and
     * Managed Flink on provisioned Kinesis (solid), Tidemark and Managed Flink on on-demand Kinesis (dashed).
     */
    public Path cost(String file, CostSection.Result cost) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        Color[] colors = {TIDEMARK, GREY, OTHER, TIDEMARK, OTHER};
        boolean[] dashed = {false, false, false, true, true};
        String[] names = {"Tidemark, provisioned Kinesis", "naive per-event Lambda, provisioned", "Managed Flink, provisioned",
                "Tidemark, on-demand Kinesis", "Managed Flink, on-demand"};
        XYSeries[] series = new XYSeries[names.length];
        for (int i = 0; i < names.length; i++) {
            series[i] = new XYSeries(names[i]);
            data.addSeries(series[i]);
        }
        for (CostSection.Level l : cost.levels()) {
            if (l.mode() == io.tidemark.bench.cost.model.KinesisMode.PROVISIONED) {
                series[0].add(l.eventsPerSecond(), l.tidemark().total().doubleValue());
                series[1].add(l.eventsPerSecond(), l.naive().total().doubleValue());
                series[2].add(l.eventsPerSecond(), l.flink().total().doubleValue());
            } else {
                series[3].add(l.eventsPerSecond(), l.tidemark().total().doubleValue());
                series[4].add(l.eventsPerSecond(), l.flink().total().doubleValue());
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("What a user pays a month", "events per second", "USD a month", data,
                PlotOrientation.VERTICAL, true, false, false);
        subtitles(chart, cost.input() + "; prices " + cost.pricesRegion() + " as of " + cost.pricesAsOf());
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("events per second");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1.0));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.setDomainAxis(x);
        LogAxis y = new LogAxis("USD a month (log scale)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1.0));
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < names.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, dashed[i] ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{8, 6}, 0)
                    : new BasicStroke(2.5f));
        }
        r.setDefaultItemLabelGenerator((dataset, s, item) -> dashed[s] ? null : "$" + new DecimalFormat("#,##0").format(dataset.getYValue(s, item)));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        plot.setRenderer(r);
        style(chart);
        return save(chart, file);
    }

    private static void addMarker(XYPlot plot, double x, String label, Color color) {
        ValueMarker m = new ValueMarker(x, color, new BasicStroke(2f));
        m.setLabel(label);
        m.setLabelFont(new Font("SansSerif", Font.BOLD, 12));
        m.setLabelPaint(color);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(m);
    }

    private void subtitles(JFreeChart chart, String input) {
        chart.addSubtitle(new TextTitle("Machine: " + machine, SUBTITLE));
        chart.addSubtitle(new TextTitle("Input: " + input, SUBTITLE));
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 18));
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
        } else if (chart.getPlot() instanceof CategoryPlot c) {
            c.setRangeGridlinePaint(new Color(0xdddddd));
        }
    }

    private Path save(JFreeChart chart, String file) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(file);
        ChartUtils.saveChartAsPNG(out.toFile(), chart, WIDTH, HEIGHT);
        return out;
    }
}
