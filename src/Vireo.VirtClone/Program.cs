using Vireo.Install.Clone;

// vireo-clone: virt-clone compatible guest duplication (docs/vireo-clone.md)
return await new VirtClone(Console.Out, Console.Error).RunAsync(args);
