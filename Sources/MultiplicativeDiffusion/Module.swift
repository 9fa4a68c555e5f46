// MultiplicativeDiffusion: placeholder until the module's first files land.
enum MultiplicativeDiffusionModule {}
