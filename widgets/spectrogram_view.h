#pragma once
// A time × frequency level matrix (a spectrogram, a log-mel) as a colour map with a dB colour bar.
// Low frequencies sit at the bottom. Only the frames in view are turned into cells, pooled to about
// two per pixel column when zoomed out, so hour-long inputs draw as fast as short ones. The frequency axis is labelled either in hertz at round values
// (given the centre frequency of each bin) or by bin index.
#include <memory>
#include <optional>
#include <vector>

#include "widgets/colour_map.h"
#include "widgets/time_plot.h"

namespace gramt::widgets {

class BinFrequencyTicker;

class SpectrogramView : public TimePlot {
  Q_OBJECT

 public:
  enum class FrequencyAxis { Hertz, Bin };
  // How zoomed-out cells pool their frames: the maximum keeps short loud events of a level map; the
  // mean suits signed maps (an ILD), where the maximum would lean every cell towards one side; the
  // middle frame of the pool suits values that cannot be averaged (angles that wrap at ±180°).
  enum class Pooling { Maximum, Mean, Middle };

  explicit SpectrogramView(QWidget* parent = nullptr);

  // levels_db: frames × bins, row-major (frame-major), in dB. Frame i is centred at
  // first_frame_seconds + i * frame_period_seconds.
  // Shared so that long matrices reach the view without a copy.
  void setLevels(std::shared_ptr<const std::vector<float>> levels_db, int frames, int bins,
                 double frame_period_seconds, double first_frame_seconds = 0.0);
  void setLevels(std::vector<float> levels_db, int frames, int bins, double frame_period_seconds,
                 double first_frame_seconds = 0.0);
  void clear();

  // Centre frequency of every bin, increasing; enables the hertz axis and hertz read-outs.
  void setBinFrequencies(std::vector<double> bin_hz);
  void setFrequencyAxis(FrequencyAxis axis);
  FrequencyAxis frequencyAxis() const { return frequency_axis_; }
  // Short name of a bin for read-outs and the bin axis title, e.g. "mel bin".
  void setBinName(const QString& name);
  // Bins that stand for equal steps of some quantity (azimuth sectors, say): bin i is centred on
  // first_centre + i·step. The bin axis then shows that quantity, ticked every tick_step, and the
  // read-out names it; the frequency axis choice no longer applies. quantity: e.g. "Azimuth".
  void setLinearBinScale(double first_centre, double step, double tick_step, const QString& quantity,
                         const QString& unit);
  // Unit of the values in read-outs (default "dB"): "°" for a map of angles.
  void setLevelUnit(const QString& unit);

  void setColourMap(const ColourMap& map);
  void setPooling(Pooling pooling);
  // Levels mapped to the ends of the colour bar; anything below shows the floor colour.
  void setLevelRange(double lowest_db, double highest_db);
  QCPRange levelRange() const;
  double peakLevel() const { return peak_db_; }

  int frameCount() const { return frames_; }
  int binCount() const { return bins_; }
  // Level of one frame and bin as given (NaN outside the matrix).
  double levelAt(int frame, int bin) const;
  // The cells drawn now: one per frame in view, or pools of `framesPerCell()` frames when zoomed out.
  QCPColorMap* colourMap() const { return map_; }
  int framesPerCell() const { return static_cast<int>(shown_.group); }
  QCPColorScale* colourScale() const { return scale_; }

  QCPRange dataTimeSpan() const override;
  HoverReadout readoutAt(double seconds, double value) const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  // Which frames the colour map holds: `cells` pools of `group` frames from frame `first`.
  struct Window {
    int64_t first = 0;
    int64_t cells = 0;
    int64_t group = 0;
    bool operator==(const Window& other) const {
      return first == other.first && cells == other.cells && group == other.group;
    }
  };

  void applyFrequencyAxis();
  void rebuildMap();

  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QSharedPointer<BinFrequencyTicker> hertz_ticker_;
  QSharedPointer<QCPAxisTicker> bin_ticker_;
  std::shared_ptr<const std::vector<float>> levels_;
  Window shown_;
  std::vector<double> bin_hz_;
  QString bin_name_ = QStringLiteral("bin");
  QString level_unit_ = QStringLiteral("dB");
  struct LinearBinScale {
    double first_centre = 0.0, step = 0.0;
    QString quantity, unit;
  };
  std::optional<LinearBinScale> linear_scale_;
  QSharedPointer<QCPAxisTickerText> linear_ticker_;
  FrequencyAxis frequency_axis_ = FrequencyAxis::Hertz;
  Pooling pooling_ = Pooling::Maximum;
  int frames_ = 0;
  int bins_ = 0;
  double frame_period_ = 0.0;
  double first_frame_ = 0.0;
  double peak_db_ = 0.0;
};

}  // namespace gramt::widgets
