using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SftpJail.Web.Operations;

/// <summary>
/// Collects <see cref="PanelMetrics"/>' instruments with a <see cref="MeterListener"/> and writes them in the Prometheus
/// text format (0.0.4). The instruments carry no tags, so each is one series: counters add up, the histogram has fixed
/// buckets in seconds, observable counters and gauges are read at scrape time. Only this host's meter is heard, never another's.
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Upper bounds in seconds: an apply is a few hundred milliseconds for one site and minutes for thousands.</summary>
    public static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly object gate = new();
    private readonly MeterListener listener = new();
    private readonly List<Instrument> order = [];
    private readonly Dictionary<Instrument, double> values = [];
    private readonly Dictionary<Instrument, HistogramState> histograms = [];

    public PrometheusExposition(PanelMetrics metrics)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                lock (gate)
                {
                    order.Add(instrument);
                    if (instrument is Histogram<double>)
                    {
                        histograms[instrument] = new HistogramState(DurationBuckets.Length);
                    }
                    else if (instrument is Counter<long>)
                    {
                        values[instrument] = 0;
                    }
                }

                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        listener.Start();
    }

    /// <summary>The whole exposition, every instrument of the meter in the order it was created.</summary>
    public string Write()
    {
        var text = new StringBuilder();
        lock (gate)
        {
            foreach (var gauge in order.Where(IsObservable))
            {
                values.Remove(gauge);
            }

            // Observable callbacks report through the measurement callback, which takes this (re-entrant) lock.
            listener.RecordObservableInstruments();
            foreach (var instrument in order)
            {
                WriteInstrument(text, instrument);
            }
        }

        return text.ToString();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        lock (gate)
        {
            if (histograms.TryGetValue(instrument, out var histogram))
            {
                histogram.Add(value);
            }
            else if (IsObservable(instrument))
            {
                values[instrument] = value;
            }
            else
            {
                values[instrument] = values.GetValueOrDefault(instrument) + value;
            }
        }
    }

    private void WriteInstrument(StringBuilder text, Instrument instrument)
    {
        var name = PrometheusName(instrument);
        var type = instrument switch
        {
            Histogram<double> => "histogram",
            Counter<long> or ObservableCounter<long> => "counter",
            _ => "gauge",
        };
        text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        if (histograms.TryGetValue(instrument, out var histogram))
        {
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                text.Append(name).Append("_bucket{le=\"").Append(Number(DurationBuckets[i])).Append("\"} ").Append(histogram.Cumulative(i)).Append('\n');
            }

            text.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(histogram.Count).Append('\n');
            text.Append(name).Append("_sum ").Append(Number(histogram.Sum)).Append('\n');
            text.Append(name).Append("_count ").Append(histogram.Count).Append('\n');
        }
        else if (values.TryGetValue(instrument, out var value))
        {
            text.Append(name).Append(' ').Append(Number(value)).Append('\n');
        }
    }

    /// <summary><c>sftpjail.apply.duration</c> in seconds → <c>sftpjail_apply_duration_seconds</c>; counters end in <c>_total</c>.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        return instrument is Counter<long> or ObservableCounter<long> ? name + "_total" : name;
    }

    private static bool IsObservable(Instrument instrument) => instrument.IsObservable;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class HistogramState(int buckets)
    {
        private readonly long[] counts = new long[buckets];

        public long Count { get; private set; }

        public double Sum { get; private set; }

        public void Add(double value)
        {
            Count++;
            Sum += value;
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                if (value <= DurationBuckets[i])
                {
                    counts[i]++;
                    break;
                }
            }
        }

        public long Cumulative(int bucket) => counts.Take(bucket + 1).Sum();
    }
}
