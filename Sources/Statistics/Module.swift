// Statistics: hypothesis tests, resampling and two-sample distances (see StatisticsTests).
enum StatisticsModule {}
