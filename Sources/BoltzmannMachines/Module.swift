// BoltzmannMachines: placeholder until the module's first files land.
enum BoltzmannMachinesModule {}
