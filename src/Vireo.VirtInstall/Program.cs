using Vireo.Install.Install;

// vireo-install: virt-install 4.1 compatible guest creation (docs/vireo-install.md)
return await new VirtInstall(Console.Out, Console.Error).RunAsync(args);
