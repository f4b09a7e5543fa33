Feature: Configuring the installed OS, step after step
  The configuration steps of a provisioning run, one after the other on one installed OS
  (spec provisioning.md §12.2 F8): every file lands in the target root and says what the
  deploy vars asked for.

  Scenario: Hostname, kubelet, DNS and GRUB together
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      HOSTNAME="config-node"
      PROVIDER_ID="redfish://bmc-7/Systems/1"
      FAILURE_DOMAIN="dc1-az1"
      REGION="eu-central"
      dns_resolver="10.0.0.53,10.0.1.53"
      MACHINE_EXTRA_KERNEL_PARAMS="audit=0 quiet"
      """
    And the installed OS has the programs "/usr/sbin/update-grub"
    When the steps set-hostname, configure-dns, configure-kubelet, configure-grub run
    Then the step succeeds
    And the files written into the target root are "/etc/hostname, /etc/hosts, /etc/resolv.conf, /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf, /etc/default/grub.d/10-caprf-kernel-params.cfg"
    And the file /etc/hostname in the target root is:
      """
      config-node
      """
    And the file /etc/resolv.conf in the target root is:
      """
      nameserver 10.0.0.53
      nameserver 10.0.1.53
      """
    And the file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root is:
      """
      KUBELET_EXTRA_ARGS="--provider-id=redfish://bmc-7/Systems/1 --node-labels=topology.kubernetes.io/zone=dc1-az1,topology.kubernetes.io/region=eu-central"
      """
    And the file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root is:
      """
      GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS0 audit=0 quiet"
      """
    And no file outside the target root was written
